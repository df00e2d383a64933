// The failure converter used with payload encryption: error messages and stack traces move into the
// failure's encoded attributes, a payload the codec encrypts, so history holds no failure text either.
// Loaded by path (DataConverter.failureConverterPath) in the worker, its workflow bundle and the client;
// it must stay free of Node built-ins to be bundleable.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
