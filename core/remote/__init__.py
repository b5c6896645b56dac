"""The live subaccount: service keys, the Destination service REST client, pull, compare, push."""
