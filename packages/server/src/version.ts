/** The server's version, reported in /openapi.json. */
export const VERSION = '0.1.0';
