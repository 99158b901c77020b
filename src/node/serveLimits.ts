/**
 * Limits every `relax serve` transport applies (stdio and TCP alike), so no single client can
 * exhaust memory, stack or CPU for the others. Each breach gets an error reply naming the limit.
 */

/** Longest accepted input line, in bytes (newline excluded); a longer one is never buffered. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** Deepest accepted nesting of arrays and objects in one request (a request needs 3). */
export const MAX_JSON_DEPTH = 32;

/** Client data a reply may echo (tag plus quoted values in an error), in bytes. */
export const MAX_ECHO_BYTES = 1024;

/** Longest `tag` echoed back, as JSON text in bytes; a longer tag is refused, not echoed. */
export const MAX_TAG_BYTES = 256;

/** Longest quoted client value inside an error message, in characters. */
export const MAX_QUOTED_CHARS = 96;

/** Most grid points a hello may ask for (each is a learner arm: memory and time per predict). */
export const MAX_POINTS = 1000;

/** Largest iteration count an observe may report. */
export const MAX_ITERATIONS = 1e9;

/** Largest wall time an observe may report, in seconds (about 31 years). */
export const MAX_SECONDS = 1e9;

/** Largest `saveEvery`. */
export const MAX_SAVE_EVERY = 1e6;

/** Longest learner name, seed string, or token, in characters. */
export const MAX_NAME_CHARS = 256;

/** Largest magnitude of a context or range endpoint. */
export const MAX_ABS_VALUE = 1e300;

/** Largest state file read on resume, in bytes (a chebcb snapshot is about 25 KB). */
export const MAX_STATE_FILE_BYTES = 16 * 1024 * 1024;

/** TCP defaults, overridable on the command line. */
export const DEFAULT_MAX_CONNECTIONS = 64;
/** Seconds a TCP connection may stay silent before it is closed (its session saved first). */
export const DEFAULT_IDLE_SECONDS = 600;
/** Seconds a TCP connection has to authenticate with hello. */
export const DEFAULT_HELLO_SECONDS = 10;
/** Unread reply bytes after which input from that client is paused until it reads. */
export const MAX_PENDING_OUTPUT_BYTES = 1024 * 1024;
