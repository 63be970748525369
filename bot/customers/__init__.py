"""Customer environment profiles (handbook 003's facts), kept between requests and versioned."""
