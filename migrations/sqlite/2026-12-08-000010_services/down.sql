DROP TABLE referral_changes;
DROP TABLE referrals;
DROP TABLE services;
