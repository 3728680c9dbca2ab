import { describe, expect, it } from 'vitest';
import { bindingLinks } from '../../../console/src/model/bindings.js';

describe('network binding links', () => {
  it('links TCP host ports, on the endpoint host when the binding listens on every address', () => {
    const links = bindingLinks(
      [
        {
          name: 'web',
          networkBindings: [
            { bindIP: '0.0.0.0', containerPort: 80, hostPort: 49153, protocol: 'tcp' },
            { bindIP: '10.0.0.5', containerPort: 53, hostPort: 5353, protocol: 'udp' },
          ],
        },
        { name: 'sidecar', networkBindings: [{ bindIP: '::1', containerPort: 9000, hostPort: 9000 }] },
        { name: 'worker' },
      ],
      '127.0.0.1',
    );
    expect(links).toEqual([
      { container: 'web', containerPort: 80, hostPort: 49153, protocol: 'tcp', address: '127.0.0.1:49153', url: 'http://127.0.0.1:49153/' },
      { container: 'web', containerPort: 53, hostPort: 5353, protocol: 'udp', address: '10.0.0.5:5353' },
      { container: 'sidecar', containerPort: 9000, hostPort: 9000, protocol: 'tcp', address: '[::1]:9000', url: 'http://[::1]:9000/' },
    ]);
    expect(bindingLinks(undefined, 'h')).toEqual([]);
  });
});
