"""The explorer: a Dash + dash-cytoscape app over the store contract. Start with dashboard.app.create_app."""
