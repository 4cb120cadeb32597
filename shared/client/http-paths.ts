export const API_INVOKE_PREFIX = '/api/invoke/';
export const API_EVENTS_PATH = '/api/events';
