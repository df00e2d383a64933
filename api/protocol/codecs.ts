// The codec for a negotiated version.
import type { VersionCodec } from './operations';
import { v03Codec } from './v03/codec';
import { v1Codec } from './v1/codec';
import type { ProtocolVersion } from './version';

export const codecFor = (version: ProtocolVersion): VersionCodec => (version === '1.0' ? v1Codec : v03Codec);
