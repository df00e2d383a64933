// placeholder, replaced by the write-ahead log implementation
import type { Engine } from '../engine/engine';
import type { EngineLogger } from '../logger';
export function openStore(_engine: Engine, _o: { dir: string; fsync: boolean; logger: EngineLogger }): void {
  throw new Error('persistence not implemented yet');
}
