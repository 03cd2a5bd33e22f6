/** `value[key]` when `value` is an object holding `key` itself: never a prototype's member (`"constructor"` finds nothing). */
export const ownMember = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
