export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD_KEY_LABEL = IS_MAC ? '⌘' : 'Ctrl';
