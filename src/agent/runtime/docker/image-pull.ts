/** Make a container image available locally: use it if present, else pull it. */
import type Docker from 'dockerode';
import { messageOf, RuntimeError } from '../supervision/errors.js';
import { isNotFound } from './docker-errors.js';

/** Resolves 'present' or 'pulled'; throws RuntimeError('CannotPullContainerError', <Docker's message>). */
export async function ensureImage(docker: Docker, image: string): Promise<'present' | 'pulled'> {
  try {
    await docker.getImage(image).inspect();
    return 'present';
  } catch (err) {
    if (!isNotFound(err)) throw pullError(image, err);
  }
  try {
    const stream = await docker.pull(image);
    await followPull(docker, stream);
    return 'pulled';
  } catch (err) {
    throw pullError(image, err);
  }
}

/** Wait for the pull to finish; the Engine reports most failures inside the progress stream, not as an HTTP error. */
function followPull(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: { error?: string; errorDetail?: { message?: string } }[]) => {
      if (err) return reject(err);
      const failed = output.find((e) => e.error || e.errorDetail);
      if (failed) return reject(new Error(failed.errorDetail?.message ?? failed.error));
      resolve();
    });
  });
}

function pullError(image: string, err: unknown): RuntimeError {
  if (err instanceof RuntimeError) return err;
  return new RuntimeError('CannotPullContainerError', messageOf(err) || `pull of ${image} failed`, { cause: err });
}
