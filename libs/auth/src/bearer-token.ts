/** The token of an `Authorization: Bearer <token>` header; undefined when there is none. */
export const bearerToken = (authorization: string | undefined): string | undefined => /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];

/** A JWT has three dot-separated base64url parts; anything else is tried as a static token. */
export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
