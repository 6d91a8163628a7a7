import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * Relation and computed fields (`@FieldResolver` methods) without type-graphql's per-call wrapper.
 *
 * Why: type-graphql calls every field resolver through a wrapper that, on each call, makes a
 * resolver-data object, looks the resolver instance up, sorts the parameter metadata and maps it
 * into a new argument array, and runs the middleware chain. On a list page that is several calls
 * per row (an order's lines, parcels, store, total…), a good share of the page's CPU in the bench.
 *
 * Which fields: those whose method takes only `@Root()` (with no class to convert the root into),
 * `@Ctx()` and `@Info()`, and that have no `@Authorized` roles, no `@UseMiddleware` and no
 * arguments. For them type-graphql's wrapper does nothing but pass those three values in order,
 * so calling the method directly with the same values, on an instance of the same resolver
 * class, is the same behaviour. Every other field keeps type-graphql's resolver. Our resolver
 * classes hold no state (the schema is built without a DI container), so one instance serves.
 *
 * Returns how many fields it rewired (the schema test pins that it finds the relation fields).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function resolveFieldsDirectly(schema: GraphQLSchema, resolverClasses: readonly Function[]): number {
  const storage = getMetadataStorage();
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const instances = new Map<Function, Record<string, Function>>();
  let rewired = 0;
  for (const metadata of storage.fieldResolvers) {
    if (metadata.kind !== 'external' || !resolverClasses.includes(metadata.target)) continue;
    if (metadata.roles?.length || metadata.middlewares?.length) continue;
    const objectClass = metadata.getObjectType?.();
    const typeName = storage.objectTypes.find((type) => type.target === objectClass)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    if (!(type instanceof GraphQLObjectType)) continue;
    const field = type.getFields()[metadata.schemaName];
    if (!field || field.args.length > 0) continue;
    const params = [...(metadata.params ?? [])].sort((a, b) => a.index - b.index);
    const direct = params.every(
      (param, position) =>
        param.index === position &&
        (param.kind === 'context' || param.kind === 'info' || param.kind === 'root') &&
        !('propertyName' in param && param.propertyName) &&
        (param.kind !== 'root' || rootNeedsNoConversion(param)),
    );
    if (!direct) continue;
    let instance = instances.get(metadata.target);
    if (!instance) {
      instance = new (metadata.target as new () => Record<string, Function>)();
      instances.set(metadata.target, instance);
    }
    const method = instance[metadata.methodName]!;
    const kinds = params.map((param) => param.kind);
    field.resolve = resolverFor(kinds, method, instance);
    rewired++;
  }
  return rewired;
}

/** type-graphql converts a root into the parameter's class when it has one; `Object` (a union, an interface, Pick<…>) it leaves alone. */
function rootNeedsNoConversion(param: { getType?: () => unknown }): boolean {
  const type = param.getType?.();
  return type === undefined || type === Object;
}

type ParamKind = 'root' | 'context' | 'info' | string;

/** A resolver calling `method` with (root, ctx, info) in the order its parameters ask for them. */
function resolverFor(kinds: ParamKind[], method: Function, instance: object): GraphQLFieldResolver<unknown, unknown> {
  const pick = (kind: ParamKind, root: unknown, ctx: unknown, info: unknown) => (kind === 'root' ? root : kind === 'context' ? ctx : info);
  // The shapes our resolvers use, without building an argument array per call.
  if (kinds.length === 1) {
    const [a] = kinds as [ParamKind];
    return (root, _args, ctx, info) => method.call(instance, pick(a, root, ctx, info));
  }
  if (kinds.length === 2) {
    const [a, b] = kinds as [ParamKind, ParamKind];
    return (root, _args, ctx, info) => method.call(instance, pick(a, root, ctx, info), pick(b, root, ctx, info));
  }
  return (root, _args, ctx, info) => method.apply(instance, kinds.map((kind) => pick(kind, root, ctx, info)));
}
