// An entity's name in a sentence: with its article (`an Account`, `a Lead`) and as a plural
// (`Addresses`, `Cities`: the description's plural, not the name with an s).
import type { EntityDescription } from './entity.js';

/** `an Account`, `a Lead`. */
export const withArticle = (entity: EntityDescription) => `${/^[AEIOU]/.test(entity.name) ? 'an' : 'a'} ${entity.name}`;

/** `Addresses`, `SalesReps`. */
export const pluralName = (entity: EntityDescription) => entity.plural.charAt(0).toUpperCase() + entity.plural.slice(1);
