/** Rows that do not fit the schema an import sets aside (quarantines) before it refuses the file, unless told otherwise. */
export const DEFAULT_MAX_QUARANTINED = 1000;
