import { graphql } from '#shared/graphql/graphql';

export const MeQuery = graphql(`
  query Me {
    me {
      id
      role
      displayName
      maskedPhone
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      user {
        id
        role
        displayName
        maskedPhone
      }
      expiresAt
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);
