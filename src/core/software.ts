import { name, version } from '../../package.json';

/** Name and version written into every saved result. */
export const SOFTWARE = { name, version };
