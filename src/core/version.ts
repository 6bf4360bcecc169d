/** The product version, printed in reports and banners; a test keeps it equal to package.json's. */
export const BULWARK_VERSION = '0.1.0';
