export const API_INVOKE_PREFIX = '/api/invoke/';
export const API_EVENTS_PATH = '/api/events';
/** Web mode only: the browser cannot hand over a file path, so files to import are uploaded. */
export const API_UPLOADS_PATH = '/api/uploads';
