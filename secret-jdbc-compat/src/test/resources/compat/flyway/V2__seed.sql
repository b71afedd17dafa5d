-- Secret values written as literals: the driver rewrites each into a ciphertext literal.
INSERT INTO user_credentials (id, username, password, api_token) VALUES (1, 'alice', 'pw-alice-flyw4y', 'tok-alice-flyw4y');
INSERT INTO user_credentials (id, username, password, api_token) VALUES
    (2, 'bob', 'pw-bob-flyw4y', NULL),
    (3, 'carol', 'pw-carol-flyw4y', '');
