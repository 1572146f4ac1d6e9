import nx from '@nx/eslint-plugin';
import baseConfig from './eslint.config.mjs';

/**
 * Every Angular project (apps/web and libs/web/**): Nx's Angular and template rules, the
 * workspace rules, and the `ec` prefix for selectors. A project's own eslint.config.mjs
 * re-exports this, so its file patterns resolve from the project's folder.
 */
export default [
  ...nx.configs['flat/angular'],
  ...nx.configs['flat/angular-template'],
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'ec', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'ec', style: 'kebab-case' }],
    },
  },
];
