// Who is asking: the verified claims of the request's token, or nobody.
export interface Subject {
  /** The token's `sub`; undefined for an anonymous request. */
  readonly id: string | undefined
  readonly scopes: ReadonlySet<string>
  readonly roles: ReadonlySet<string>
  /** Purposes the token approves the subject to declare. */
  readonly purposes: ReadonlySet<string>
}

export const ANONYMOUS: Subject = Object.freeze({
  id: undefined,
  scopes: new Set<string>(),
  roles: new Set<string>(),
  purposes: new Set<string>(),
})

export function isAnonymous(subject: Subject): boolean {
  return subject.id === undefined
}

export function createSubject(claims: { sub?: string; scopes?: Iterable<string>; roles?: Iterable<string>; purposes?: Iterable<string> }): Subject {
  return Object.freeze({
    id: claims.sub,
    scopes: new Set(claims.scopes ?? []),
    roles: new Set(claims.roles ?? []),
    purposes: new Set(claims.purposes ?? []),
  })
}

/**
 * A key for everything a policy may read about a subject and the declared purpose: two
 * requests with the same key get the same decisions, so decisions are cached under it.
 */
const subjectKeys = new WeakMap<Subject, string>()

export function grantKey(subject: Subject, purpose: string | undefined): string {
  // Subjects are immutable and the token verifier hands out the same one per token.
  let key = subjectKeys.get(subject)
  if (key === undefined) {
    const sorted = (values: ReadonlySet<string>) => [...values].sort().join(' ')
    key = `${subject.id ?? ''}\u0000${sorted(subject.scopes)}\u0000${sorted(subject.roles)}\u0000${sorted(subject.purposes)}`
    subjectKeys.set(subject, key)
  }
  return `${key}\u0000${purpose ?? ''}`
}

/** What the gateway tells subgraphs about the request, in a header it signs. */
export interface RequestGrant {
  readonly sub: string | undefined
  readonly scopes: readonly string[]
  readonly roles: readonly string[]
  readonly purpose: string | undefined
}

export function grantOf(subject: Subject, purpose: string | undefined): RequestGrant {
  return { sub: subject.id, scopes: [...subject.scopes], roles: [...subject.roles], purpose }
}
