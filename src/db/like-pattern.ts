/** A LIKE pattern (with `ESCAPE '\'`) for text containing `q`: `%` and `_` typed in mean themselves. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
