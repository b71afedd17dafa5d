CREATE TABLE user_credentials (
    id BIGINT PRIMARY KEY,
    username VARCHAR(100),
    password VARCHAR(400),
    api_token VARCHAR(400)
);
