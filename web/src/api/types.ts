/**
 * The shapes of the API's answers, straight from the API's own schemas (each one the
 * `Static<>` of its TypeBox schema, so the page and the API cannot disagree). Every type the
 * contract exports is here, a new source's included, without a line of its own. Type-only:
 * nothing of the API ends up in the bundle.
 */
export type * from '@kitestacks/api/schemas';
