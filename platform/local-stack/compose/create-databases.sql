-- Run once by the postgres image on an empty volume: one database per service.
CREATE DATABASE volunteers;
CREATE DATABASE orders;
CREATE DATABASE points;
