import { usesProtocol } from '../placement-demand.js';
import type { PlacementFilter } from './filter.js';

export const name = 'ports';

/** ECS names a resource after what ran out; UDP ports are the PORTS_UDP resource. */
export const REASON_PORTS = 'RESOURCE:PORTS';
export const REASON_PORTS_UDP = 'RESOURCE:PORTS_UDP';

/**
 * Static host ports must be neither busy nor reserved, and enough dynamic
 * ports (49153–65535) must remain for the mappings without a host port.
 */
export const portsFilter: PlacementFilter = {
  name,
  build(task) {
    const { tcp, udp } = task;
    const checkTcp = usesProtocol(tcp);
    const checkUdp = usesProtocol(udp);
    if (!checkTcp && !checkUdp) return undefined;
    return (instance) => {
      if (checkTcp && (tcp.selfConflict || !instance.tcp!.fits(tcp))) return REASON_PORTS;
      if (checkUdp && (udp.selfConflict || !instance.udp!.fits(udp))) return REASON_PORTS_UDP;
      return undefined;
    };
  },
};
