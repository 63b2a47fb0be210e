// The same capability with the AWS SDK v3: bundled to measure its size.
export { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export { GetAccessKeyLastUsedCommand, IAMClient } from '@aws-sdk/client-iam';
