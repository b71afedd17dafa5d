UPDATE user_credentials SET password = 'pw-alice-n3w-flyw4y', api_token = 'tok-alice-n3w-flyw4y' WHERE id = 1;
DELETE FROM user_credentials WHERE id = 3;
