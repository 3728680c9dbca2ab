/**
 * The host ports the control plane hands out for mappings without a fixed
 * hostPort: the Linux ephemeral range Docker uses. An instance may claim a
 * slice of it with the DYNAMIC_PORTS_ATTRIBUTE.
 */
export const DYNAMIC_PORT_MIN = 49153;
export const DYNAMIC_PORT_MAX = 65535;

export interface PortSlice {
  min: number;
  max: number;
}

/** `MIN-MAX` within the dynamic range (MIN ≤ MAX), or undefined for anything else. */
export function parsePortSlice(raw: string): PortSlice | undefined {
  const dash = raw.indexOf('-');
  if (dash <= 0 || raw.length > 11) return undefined;
  const [min, max] = [digits(raw.slice(0, dash)), digits(raw.slice(dash + 1))];
  if (min === undefined || max === undefined || min < DYNAMIC_PORT_MIN || max > DYNAMIC_PORT_MAX || min > max) return undefined;
  return { min, max };
}

export const formatPortSlice = (s: PortSlice) => `${s.min}-${s.max}`;

function digits(s: string): number | undefined {
  if (s.length === 0 || s.length > 5) return undefined;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) return undefined;
  return Number(s);
}
