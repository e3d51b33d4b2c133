/**
 * Characters refused in free-text fields. PostgreSQL cannot store NUL in text or jsonb at all, and
 * the other controls are invisible tricks, never content. Quotes, angle brackets and any other
 * printable text are stored verbatim: queries are parameterised and every output escapes.
 */
/** One-line fields (names, ids, places): any C0/C1 control, line breaks included. */
export const ONE_LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Multi-line fields (remarks): as above, but tab and line breaks are text. */
export const MULTI_LINE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
