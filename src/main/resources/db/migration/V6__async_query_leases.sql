-- The replica running an asynchronous query holds a lease on it and renews it while the query runs.
-- A pending query whose lease lapsed lost its replica (killed, or shut down mid-query): the next
-- replica polling it takes it over. Queries stored before leases have none, and are taken over too.
ALTER TABLE async_queries ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
