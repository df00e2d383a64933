// Millisecond <-> protobuf Duration helpers used when writing events and task responses.
import { fromMs, toMs, type ProtoTime } from '../proto/time';

export const dur = (ms: number) => fromMs(ms);
export const durMs = (d: ProtoTime | null | undefined) => toMs(d);
