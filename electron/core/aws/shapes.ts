/** Reads result elements into typed objects with AWS's member names, as the AWS CLI prints them. */
import { path, text, type XmlNode } from './xml.js';

/** A member's type: text, an integer, or a nested structure. */
export type Spec = { readonly [member: string]: 'string' | 'integer' | Spec };

/** Reads the members a spec names; absent members are left out, as the AWS CLI leaves them out. */
export function readStruct(node: XmlNode | undefined, spec: Spec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(spec)) {
    if (type === 'string') {
      const v = text(node, name);
      if (v !== undefined) out[name] = v;
    } else if (type === 'integer') {
      const v = text(node, name);
      if (v !== undefined && /^-?\d+$/.test(v.trim())) out[name] = Number(v.trim());
    } else {
      const inner = path(node, name);
      if (inner !== undefined) out[name] = readStruct(inner, type);
    }
  }
  return out;
}

export const CREDENTIALS_SPEC: Spec = { AccessKeyId: 'string', SecretAccessKey: 'string', SessionToken: 'string', Expiration: 'string' };
export const ASSUMED_ROLE_USER_SPEC: Spec = { AssumedRoleId: 'string', Arn: 'string' };
