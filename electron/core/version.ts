import pkg from '../../package.json';

/** keyscope's version, from package.json (inlined by the bundler). */
export const VERSION: string = pkg.version;

/** The honest User-Agent every request carries, so security teams can tell keyscope's calls apart. */
export const USER_AGENT = `keyscope/${VERSION} node/${process.versions.node} ${process.platform}`;
