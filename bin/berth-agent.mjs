#!/usr/bin/env node
// berth-agent: the host agent. The agent is TypeScript; tsx's loader is
// registered in this very process (not `tsx` as a wrapper process), so the
// signals an init system or `kill` sends reach the agent itself.
import { register } from 'tsx/esm/api';

register();
await import('../src/agent/main.ts');
