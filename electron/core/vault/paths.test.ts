/** Where keyscope's own folder is: KEYSCOPE_HOME, else the platform's place under the home folder; never a relative path. */
import { describe, expect, it } from 'vitest';
import { HomeUnknown, keyscopeHome } from './paths.js';

describe('keyscopeHome', () => {
  it('is KEYSCOPE_HOME when set, else under HOME by platform', () => {
    expect(keyscopeHome({ KEYSCOPE_HOME: '/k', HOME: '/h' }, 'linux')).toBe('/k');
    expect(keyscopeHome({ HOME: '/h' }, 'linux')).toBe('/h/.config/keyscope');
    expect(keyscopeHome({ HOME: '/h', XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/keyscope');
    expect(keyscopeHome({ HOME: '/h' }, 'darwin')).toBe('/h/Library/Application Support/keyscope');
  });

  it('refuses HOME set but empty, in words, where it made the store ./.config/keyscope in the current folder', () => {
    expect(() => keyscopeHome({ HOME: '' }, 'linux')).toThrow(HomeUnknown);
    expect(() => keyscopeHome({ HOME: '' }, 'linux')).toThrow('keyscope cannot find its own folder: HOME is set but empty.');
    expect(keyscopeHome({ HOME: '', KEYSCOPE_HOME: '/k' }, 'linux')).toBe('/k');
  });

  it('needs no home where the platform\'s folder is given absolutely (XDG_CONFIG_HOME, APPDATA), and ignores a relative XDG_CONFIG_HOME, as the XDG spec says', () => {
    expect(keyscopeHome({ HOME: '', XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/keyscope');
    expect(keyscopeHome({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/keyscope$/);
    expect(keyscopeHome({ HOME: '/h', XDG_CONFIG_HOME: '.config' }, 'linux')).toBe('/h/.config/keyscope');
    expect(() => keyscopeHome({ HOME: '', XDG_CONFIG_HOME: 'rel' }, 'linux')).toThrow(HomeUnknown);
  });
});
