// Packages published as ES modules only: openid-client and what it imports. Node loads them
// from our CommonJS build (require of an ES module, Node >= 20.19), but Jest's own module
// system cannot, so specs that reach them compile them to CommonJS like our sources.
const ESM_ONLY = ['openid-client', 'oauth4webapi', 'jose'];

module.exports = {
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  transform: {
    // A tsconfig file, not inline options: Nx's Jest plugin reads `tsconfig` as a path.
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: `${__dirname}/tsconfig.esm-only.json` }],
  },
};
