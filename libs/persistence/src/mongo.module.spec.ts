import { withPoolBound } from './mongo.module';

describe('withPoolBound (FerretDB v1 deadlocks under many concurrent updates)', () => {
  it('adds maxPoolSize to a URI without a query', () => {
    expect(withPoolBound('mongodb://127.0.0.1:27017/', 8)).toBe('mongodb://127.0.0.1:27017/?maxPoolSize=8');
    expect(withPoolBound('mongodb://127.0.0.1:27017', 8)).toBe('mongodb://127.0.0.1:27017/?maxPoolSize=8');
  });

  it('appends it to an existing query', () => {
    expect(withPoolBound('mongodb://h:1/?directConnection=true', 8)).toBe(
      'mongodb://h:1/?directConnection=true&maxPoolSize=8',
    );
  });

  it('leaves a URI that sets its own bound, and leaves the URI alone without a bound', () => {
    expect(withPoolBound('mongodb://h:1/?maxPoolSize=50', 8)).toBe('mongodb://h:1/?maxPoolSize=50');
    expect(withPoolBound('mongodb://h:1/', undefined)).toBe('mongodb://h:1/');
  });
});
