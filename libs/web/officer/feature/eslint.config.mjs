// The shared Angular lint rules (eslint.angular.config.mjs at the workspace root).
export { default } from '../../../../eslint.angular.config.mjs';
