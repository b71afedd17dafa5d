-- A secret written as a literal in a migration: the driver stores it as a ciphertext literal.
INSERT INTO user_credentials (id, version, username, password, api_token)
VALUES (1, 0, 'admin', 'change-me-at-once', NULL);
