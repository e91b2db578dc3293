-- Revoking an API key takes its webhook endpoints with it (auth/api-keys.ts revokeApiKey), since
-- only their own key may manage them. Keys revoked before that rule left theirs behind: endpoints
-- that receive changes for ever with nobody to stop them. They go now, their deliveries with them
-- (ON DELETE CASCADE), as a revocation today does. Endpoints of live keys stay.
DELETE FROM "WebhookEndpoint" AS e
USING "ApiKey" AS k
WHERE e."apiKeyId" = k."id" AND k."revokedAt" IS NOT NULL;
