import { type DynamicModule, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;
const paths = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : '']);

function controllersOf(module: DynamicModule | Type): Type[] {
  if (typeof module === 'function') return [];
  const imported = (module.imports ?? []).flatMap((child) => (child && typeof child === 'object' && 'module' in child ? controllersOf(child) : []));
  return [...(module.controllers ?? []), ...imported];
}

/** The method names of a controller and of the classes it extends, as Nest's scanner finds routes (an inherited `@Get` too). */
function methodNames(prototype: object | null): string[] {
  if (prototype === null || prototype === Object.prototype) return [];
  return [...new Set([...Object.getOwnPropertyNames(prototype), ...methodNames(Object.getPrototypeOf(prototype) as object | null)])];
}

/**
 * Every HTTP route a Nest module tree declares, as `METHOD /path` in Fastify's pattern (`:param`): what a test holds
 * against the access matrix, so that no endpoint is left out of it.
 */
export function declaredRoutes(module: DynamicModule): string[] {
  return controllersOf(module).flatMap((controller) => {
    const base = paths(Reflect.getMetadata(PATH_METADATA, controller))[0] ?? '';
    const prototype = controller.prototype as Record<string, unknown>;
    return methodNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      return paths(Reflect.getMetadata(PATH_METADATA, handler)).map((path) => `${method} ${join(base, path)}`);
    });
  });
}
