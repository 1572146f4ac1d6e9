/** Every demo certificate's organisation: verifiers print DEMO and production refuses them by it. */
export const DEMO_ORGANIZATION = 'DEMO e-Cabinet (not for real decisions)';
