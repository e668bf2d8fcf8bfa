import type { ProfilePrefix } from './foundation-model.js';

/** How a system-defined profile prefix is named and where it routes. */
export interface ProfileGeography {
  /** The first word of the profile's name: `US Anthropic Claude 3.7 Sonnet`. */
  label: string;
  /** The Regions a geographic profile routes to; `global.` routes everywhere and lists the Region-less ARN. */
  destinationRegions: readonly string[];
}

/**
 * The geographies of system-defined inference profiles, for ListInferenceProfiles' names, descriptions and model
 * ARNs. Name and description follow a real profile ("EU Anthropic Claude 3.7 Sonnet", "Routes requests to
 * Anthropic Claude 3.7 Sonnet in eu-central-1, eu-north-1, eu-west-1 and eu-west-3.", RooCodeInc/Roo-Code#1998).
 * The destination Regions vary per model and over time; these lists are typical, UNCONFIRMED per model.
 */
export const PROFILE_GEOGRAPHIES: Readonly<Record<ProfilePrefix, ProfileGeography>> = {
  global: { label: 'Global', destinationRegions: [] },
  us: { label: 'US', destinationRegions: ['us-east-1', 'us-east-2', 'us-west-2'] },
  eu: { label: 'EU', destinationRegions: ['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'] },
  apac: {
    label: 'APAC',
    destinationRegions: [
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-south-1',
      'ap-southeast-1',
      'ap-southeast-2',
    ],
  },
  jp: { label: 'JP', destinationRegions: ['ap-northeast-1', 'ap-northeast-3'] },
  au: { label: 'AU', destinationRegions: ['ap-southeast-2', 'ap-southeast-4'] },
  'us-gov': { label: 'US-GOV', destinationRegions: ['us-gov-east-1', 'us-gov-west-1'] },
};

/** Every profile prefix, longest first so that `us-gov.` is tried before `us.`. */
export const PROFILE_PREFIXES = (Object.keys(PROFILE_GEOGRAPHIES) as ProfilePrefix[]).sort(
  (left, right) => right.length - left.length,
);
