/**
 * Reads result elements into typed objects with AWS's member names, as the AWS CLI prints them. The output type of
 * each read is derived from its spec, so the spec is the one statement of what an answer holds.
 */
import { path, text, type XmlNode } from './xml.js';

/**
 * A member's type: text (`string` required, `string?` optional), an optional integer, or a nested structure, which is
 * required. Required means the caller relies on it: an answer without it did not come from AWS.
 */
export type MemberSpec = 'string' | 'string?' | 'integer?' | StructSpec;
/** The members of one result structure, by name. */
export type StructSpec = { readonly [member: string]: MemberSpec };

type OptionalMember = 'string?' | 'integer?';
type RequiredNames<S extends StructSpec> = { [K in keyof S]: S[K] extends OptionalMember ? never : K }[keyof S];
type OptionalNames<S extends StructSpec> = { [K in keyof S]: S[K] extends OptionalMember ? K : never }[keyof S];
type MemberValue<M extends MemberSpec> = M extends 'string' | 'string?' ? string : M extends 'integer?' ? number : M extends StructSpec ? ReadResult<M> : never;
/** Flattens an intersection into one object type, so editors show `{ Arn: string; … }`. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** What readStruct returns for a spec: `{ Arn: 'string', Size: 'integer?' }` reads as `{ Arn: string; Size?: number }`. */
export type ReadResult<S extends StructSpec> = Flat<
  { readonly [K in RequiredNames<S>]: MemberValue<S[K]> } & { readonly [K in OptionalNames<S>]?: MemberValue<S[K]> }
>;

/** An answer lacks a member the spec requires; `member` is its path, such as AccessKeyLastUsed.Region. */
export class MissingMemberError extends Error {
  constructor(readonly member: string) {
    super(`the answer has no <${member.split('.').at(-1)}>${member.includes('.') ? ` in <${member.split('.').slice(0, -1).join('.')}>` : ''}`);
  }
}

/** Reads the members a spec names; absent optional members are left out, as the AWS CLI leaves them out. */
export function readStruct<S extends StructSpec>(node: XmlNode | undefined, spec: S): ReadResult<S> {
  // The one cast of the reader: readMembers checks every member against the spec, member by member, which is what
  // ReadResult<S> states; the compiler cannot follow a loop over a spec's keys to see it.
  return readMembers(node, spec, '') as ReadResult<S>;
}

function readMembers(node: XmlNode | undefined, spec: StructSpec, at: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(spec)) {
    const where = at ? `${at}.${name}` : name;
    if (type === 'string' || type === 'string?') {
      const v = text(node, name);
      if (v !== undefined && (type === 'string?' || v.trim() !== '')) out[name] = v;
      else if (type === 'string') throw new MissingMemberError(where);
    } else if (type === 'integer?') {
      const v = text(node, name);
      if (v !== undefined && /^-?\d+$/.test(v.trim())) out[name] = Number(v.trim());
    } else {
      const inner = path(node, name);
      if (inner === undefined || typeof inner === 'string') throw new MissingMemberError(where);
      out[name] = readMembers(inner, type, where);
    }
  }
  return out;
}

/** Temporary credentials, as every STS call that issues them returns them. */
export const CREDENTIALS_SPEC = { AccessKeyId: 'string', SecretAccessKey: 'string', SessionToken: 'string', Expiration: 'string' } as const satisfies StructSpec;
/** The role session an AssumeRole* call started. */
export const ASSUMED_ROLE_USER_SPEC = { AssumedRoleId: 'string', Arn: 'string' } as const satisfies StructSpec;
