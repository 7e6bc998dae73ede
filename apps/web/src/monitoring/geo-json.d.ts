// The county boundaries kept as data (heze-counties.geo.json): imported by the bundler as JSON.
declare module '*.geo.json' {
  const collection: {
    readonly type: 'FeatureCollection';
    readonly features: readonly {
      readonly type: 'Feature';
      readonly properties: {
        readonly adcode: string;
        readonly name: string;
        readonly center: readonly [number, number];
        readonly centroid: readonly [number, number];
      };
      readonly geometry: unknown;
    }[];
  };
  export default collection;
}
