/** Word lists the generated catalogue draws titles from. Invented combinations, no real catalogue. */
export const ADJECTIVES = [
  'Silent', 'Crimson', 'Hidden', 'Broken', 'Golden', 'Last', 'Frozen', 'Distant', 'Burning', 'Hollow',
  'Velvet', 'Iron', 'Lonely', 'Wild', 'Electric', 'Midnight', 'Paper', 'Glass', 'Northern', 'Secret',
  'Restless', 'Quiet', 'Scarlet', 'Endless', 'Forgotten', 'Bright', 'Shattered', 'Amber', 'Little', 'Lost',
] as const;

export const NOUNS = [
  'Harbor', 'Orchard', 'Signal', 'Empire', 'River', 'Lantern', 'Engine', 'Garden', 'Kingdom', 'Voyage',
  'Mirror', 'Frontier', 'Letter', 'Station', 'Summer', 'Horizon', 'Circus', 'Island', 'Tide', 'Forest',
  'Machine', 'Comet', 'Bridge', 'Winter', 'Archive', 'Canyon', 'Citadel', 'Meadow', 'Compass', 'Falcon',
] as const;

export const PLACES = [
  'Avalon', 'Brightwater', 'Cold Creek', 'Dunmore', 'Eastvale', 'Fairhaven', 'Greystone', 'Hollowmere',
  'Ironbridge', 'Juniper Bay', 'Kingsreach', 'Larkspur', 'Millbrook', 'Northfall', 'Oakridge', 'Pinecrest',
] as const;

export const GENRES = [
  'Action', 'Adventure', 'Animation', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Family', 'Fantasy',
  'History', 'Horror', 'Mystery', 'Romance', 'Science Fiction', 'Thriller', 'War', 'Western',
] as const;

export const STUDIOS = ['Northlight Pictures', 'Paper Crane Films', 'Blue Harbor Studios', 'Lantern House', 'Foxglove Media'] as const;
export const NETWORKS = ['NBS', 'Channel Nine North', 'StreamBox', 'Orbit TV', 'Kestrel Network'] as const;
export const RELEASE_GROUPS = ['SIMGRP', 'NOVA', 'KESTREL', 'FAUX', 'MOCKUP', 'DUMMY', 'PLACEBO'] as const;
export const CERTIFICATIONS = ['G', 'PG', 'PG-13', 'R', 'TV-14', 'TV-MA'] as const;

/** Host of the fake image URLs: nothing answers there; clients only display or ignore them. */
export const IMAGE_HOST = 'https://images.discarr-sim.invalid';
