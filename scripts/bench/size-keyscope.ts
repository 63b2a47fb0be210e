// What an app needs of keyscope's core to verify a key: bundled to measure its size.
export { QueryClient } from '../../electron/core/aws/client.js';
export { createTransport } from '../../electron/core/aws/transport.js';
export { verifyCredential } from '../../electron/core/verify.js';
export { getCallerIdentity } from '../../electron/core/aws/sts.js';
export { getAccessKeyLastUsed } from '../../electron/core/aws/iam.js';
