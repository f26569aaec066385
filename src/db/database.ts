/**
 * The tables of the whole database. Each domain adds its own tables in its
 * `<domain>.tables.ts` by module augmentation of this interface, so a domain's table types
 * sit beside the code that owns them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
