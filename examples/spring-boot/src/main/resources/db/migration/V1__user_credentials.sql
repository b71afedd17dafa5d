-- A secret column holds Base64 of IV (12) + ciphertext + tag (16): 4 * ceil((28 + n) / 3) characters
-- for n bytes of UTF-8 plaintext. VARCHAR(400) holds secrets of up to 272 bytes.
CREATE TABLE user_credentials (
    id BIGINT PRIMARY KEY,
    version INTEGER NOT NULL,
    username VARCHAR(100) NOT NULL,
    password VARCHAR(400),
    api_token VARCHAR(400)
);
