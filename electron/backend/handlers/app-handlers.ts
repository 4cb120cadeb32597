import type { AppInfo } from '../../../shared/contract/schemas.js';
import type { DomainHandlers } from '../contract/handler-registry.js';

export function appHandlers(info: AppInfo): DomainHandlers {
  return { 'app.info': () => info };
}
